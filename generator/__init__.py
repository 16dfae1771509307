"""defect-handbook: YAML defect records to a searchable handbook, project handbooks and checklists."""

__version__ = "0.1.0"
