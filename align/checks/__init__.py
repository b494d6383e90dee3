"""The checks that flag translation gaps and meaning drift on an aligned document."""
