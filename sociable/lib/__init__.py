"""Plain-Python helpers shared by the apps: no Django, no other sociable package (a lint keeps
it so). Whatever needs settings or the ORM stays a thin wrapper in the app that owns it."""
