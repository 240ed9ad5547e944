from .orchestrator import Orchestrator

__all__ = ["Orchestrator"]
