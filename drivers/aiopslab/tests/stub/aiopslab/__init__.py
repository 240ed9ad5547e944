"""Test stub of AIOpsLab: the Orchestrator API the driver uses, with no cluster behind it."""
