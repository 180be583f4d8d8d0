namespace Tickwatch.Simulators.ExecGateway;

/// <summary>The behaviour set over <c>/control</c>, as <c>GET /control/status</c> shows it.</summary>
/// <param name="RejectAll">Every order and close is rejected with this reason, when set.</param>
/// <param name="RejectSymbols">Orders and closes of these symbols are rejected with their reason.</param>
/// <param name="DelayMs">Every report is written this late.</param>
/// <param name="Copies">Each report is written this many times (1 normally; more to test exactly-once application).</param>
/// <param name="Paused">Reports are held (requests still read) until resumed.</param>
/// <param name="MaxSlippage">Largest adverse slippage of a market, close or stop fill.</param>
/// <param name="FillParts">A new order fills in this many partial fills (1 normally), each a report with a rising <c>cumqty</c>.</param>
public sealed record ExecGatewayControls(string? RejectAll, IReadOnlyDictionary<string, string> RejectSymbols, long DelayMs, int Copies, bool Paused, decimal MaxSlippage, int FillParts = 1);
