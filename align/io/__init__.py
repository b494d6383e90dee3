"""Reading and writing files: text documents, safe XML, TMX, XLIFF, translation memories, batch jobs, the Vecalign format."""
