"""Reports: one document as text, JSON, TSV or Vecalign; a batch as JSON, JUnit, SARIF or a summary."""
