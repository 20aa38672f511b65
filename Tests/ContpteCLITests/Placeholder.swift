// Tests for ContpteCLI.
