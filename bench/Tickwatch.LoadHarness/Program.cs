using Tickwatch.LoadHarness;

// dotnet run -c Release --project bench/Tickwatch.LoadHarness -- --help
return await HarnessCommand.Create().Parse(args).InvokeAsync();
