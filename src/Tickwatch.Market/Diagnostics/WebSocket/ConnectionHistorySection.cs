namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>Connection attempts and how they ended; <c>success_rate</c> is a percentage.</summary>
public sealed record ConnectionHistorySection(
    long ConnectionAttempts,
    long SuccessfulConnections,
    long ConnectionFailures,
    long Disconnections,
    double SuccessRate,
    string? LastDisconnectReason,
    DateTimeOffset? LastDisconnectAt);
