using Tickwatch.HostileFeedHarness;

// dotnet run -c Release --project bench/Tickwatch.HostileFeedHarness -- --frames 100000 --seed 1 --protocol both
return await HarnessCommand.Create().Parse(args).InvokeAsync();
