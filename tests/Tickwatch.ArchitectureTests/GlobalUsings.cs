// Every rule reads the repository; one helper finds it.
global using static Tickwatch.ArchitectureTests.RepositoryFiles;
