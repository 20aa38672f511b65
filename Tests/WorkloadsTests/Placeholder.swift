// Tests for Workloads.
