project = "tinyqueue"
author = "Jane Doe"
extensions: list[str] = []
html_theme = "alabaster"
