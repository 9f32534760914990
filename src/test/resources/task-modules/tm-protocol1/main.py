"""tm-protocol1: a module that speaks protocol 1 only, as a module written before protocol 2 (or in
another language) does. The `taskmill` package in this folder shadows the SDK for
`python -m taskmill` (the module folder is the working directory, first on sys.path) and
implements describe, test and run by hand, following docs/module-protocol.md."""
