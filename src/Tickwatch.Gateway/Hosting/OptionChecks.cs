namespace Tickwatch.Gateway.Hosting;

/// <summary>The small checks the gateway's validators share, each message naming its setting.</summary>
internal static class OptionChecks
{
    public static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    public static void AtLeastOne(List<string> errors, string key, int value)
    {
        if (value < 1)
        {
            errors.Add($"{key} must be at least 1 (was {value}).");
        }
    }
}
