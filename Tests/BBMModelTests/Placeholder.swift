// Tests for BBMModel.
