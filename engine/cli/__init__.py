"""The ``quire`` command line: the parser and dispatch (``main``) and one function per command
(``tasks``). It uses the engine's front door only."""
