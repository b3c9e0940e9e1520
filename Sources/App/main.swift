print("tractok")
