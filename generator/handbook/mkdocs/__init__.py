"""The MkDocs front end: plugin events, navigation, atomic publish, the theme."""
