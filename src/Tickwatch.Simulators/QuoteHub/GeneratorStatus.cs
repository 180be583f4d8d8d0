namespace Tickwatch.Simulators.QuoteHub;

/// <summary>State of the background tick generator.</summary>
/// <param name="State"><c>starting</c>, <c>running</c>, <c>stopped</c> or <c>disabled</c>.</param>
/// <param name="Rounds">Rounds of due ticks run.</param>
/// <param name="Errors">Rounds that failed (the generator carries on).</param>
/// <param name="LastError">Message of the last failure.</param>
public sealed record GeneratorStatus(string State, long Rounds, long Errors, string? LastError);
