"""The Data page and its parts: background CSV loading, the virtual preview model, the column
list with role/kind editing, the distribution plot, and the target/task/split controls."""
