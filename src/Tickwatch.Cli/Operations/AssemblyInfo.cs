using System.Runtime.CompilerServices;

// The executable's assembly is "tickwatch", so the build's default friend name does not match its test project.
[assembly: InternalsVisibleTo("Tickwatch.Cli.Tests")]
