"""infoshare: a model of lawful information sharing about children at risk in England."""
