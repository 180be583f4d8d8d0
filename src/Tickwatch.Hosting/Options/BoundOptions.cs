namespace Tickwatch.Hosting.Options;

/// <summary>One section's options as bound from configuration, with every problem its validators found (empty when valid).</summary>
/// <typeparam name="T">The options type.</typeparam>
/// <param name="Value">The options, read once; the same instance the container hands out.</param>
/// <param name="Errors">Each problem, naming its setting.</param>
public sealed record BoundOptions<T>(T Value, IReadOnlyList<string> Errors)
    where T : class;
