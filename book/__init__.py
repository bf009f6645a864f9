"""What turns the sources into courseware: the build entry point, quiz banks and their exports, static assets."""
