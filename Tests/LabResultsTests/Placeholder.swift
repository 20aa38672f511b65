// Tests for LabResults.
