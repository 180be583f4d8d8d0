using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Prices;
using Tickwatch.Gateway.Quotes;

namespace Tickwatch.Gateway.Streaming;

/// <summary><c>GET /api/debug/streams</c>: the live price stream's clients, symbols and counters.</summary>
public static class StreamDiagnosticsEndpoints
{
    private const int ListedClients = 100;

    public static RouteGroupBuilder MapStreamDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/streams", GetStreams)
            .WithName("StreamDiagnostics")
            .WithSummary("Live price stream: connected clients (furthest behind first), streamed symbols, prices sent and conflated, slow clients dropped, and the portfolio channel.");
        return debug;
    }

    private static Ok<StreamReport> GetStreams(LivePriceStream hub, TimeProvider time) => TypedResults.Ok(Report(hub, time));

    /// <summary>The stream's state now.</summary>
    public static StreamReport Report(LivePriceStream hub, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        var sessions = hub.Sessions;
        var statistics = hub.Statistics;
        var clients = sessions
            .Select(s => new StreamClientView(
                s.Id,
                s.User,
                s.CorrelationId,
                s.ConnectedAt,
                s.Symbols,
                s.Sent,
                s.MessagesSent,
                s.Conflated,
                s.PortfolioSubscribed,
                s.PortfoliosSent,
                s.OrdersSent,
                Math.Round(s.Lag(timestamp).TotalMilliseconds, 3),
                s.CloseReason))
            .OrderByDescending(c => c.LagMs)
            .ThenBy(c => c.Id)
            .ToList();
        var symbols = hub.Streams
            .OrderBy(s => s.Symbol, StringComparer.Ordinal)
            .ToDictionary(
                s => s.Symbol,
                s => s.Latest is { } latest
                    ? new StreamSymbolView(
                        s.SubscriberCount,
                        latest.Sequence,
                        Math.Round((now - latest.Price.ReceivedAt).TotalMilliseconds, 3),
                        QuoteBoard.FreshnessOf(s.Settings, latest.Price, now))
                    : new StreamSymbolView(s.SubscriberCount, null, null, Freshness.Missing),
                StringComparer.Ordinal);
        return new StreamReport(
            now,
            clients.Count,
            statistics.ClientsConnected,
            statistics.ClientsDroppedSlow,
            statistics.ClientsRefused,
            symbols.Count,
            statistics.UpdatesReceived,
            statistics.UpdatesNotNewer,
            statistics.ClosedSessionsSent + clients.Sum(c => c.PricesSent),
            statistics.ClosedSessionsMessages + clients.Sum(c => c.MessagesSent),
            statistics.ClosedSessionsConflated + clients.Sum(c => c.PricesConflated),
            statistics.StaleAnnouncements,
            statistics.ClosedAnnouncements,
            statistics.BadClientMessages,
            statistics.SubscribeFailures,
            statistics.ClientsRefusedPerUser,
            statistics.ClientsClosedTokenExpired,
            statistics.ClientsClosedCommandRate,
            statistics.ClientsFailed,
            statistics.CommandsRefused,
            new StreamPortfolioReport(
                hub.PortfolioSubscribers,
                hub.PortfolioAccounts,
                statistics.ClosedSessionsPortfolios + sessions.Sum(s => s.PortfoliosSent),
                statistics.ClosedSessionsPortfoliosConflated + sessions.Sum(s => s.PortfoliosConflated),
                statistics.ClosedSessionsOrders + sessions.Sum(s => s.OrdersSent),
                statistics.PortfolioAnnouncements,
                statistics.OrderAnnouncements,
                statistics.PortfolioReads,
                statistics.PortfolioReadsCoalesced,
                statistics.PortfolioReadFailures,
                statistics.PortfoliosNotNewer,
                statistics.PortfolioSubscribeFailures,
                statistics.PortfolioRefused,
                statistics.ResumesReplayed,
                statistics.ResumesReset,
                statistics.OrderGapsFilled,
                statistics.OrderEventReadFailures,
                statistics.OrderReordersAbsorbed,
                statistics.OrderEventsDuplicate),
            Pacing(hub, sessions),
            [.. clients.Take(ListedClients)],
            symbols);
    }

    private static StreamPacingReport Pacing(LivePriceStream hub, IReadOnlyCollection<ClientSession> sessions)
    {
        var options = hub.Options;
        var statistics = hub.Statistics;
        var mode = options.EffectivePacing();
        return new StreamPacingReport(
            mode,
            options.MinSendGap.TotalMilliseconds,
            options.MaxBatchDelay.TotalMilliseconds,
            options.FixedInterval().TotalMilliseconds,
            Math.Round(hub.Load.Factor, 3),
            Math.Round(hub.Load.CpuShare, 3),
            hub.Load.ThreadPoolBacklog,
            statistics.ClosedSessionsMessagesAtOnce + sessions.Sum(s => s.MessagesSentAtOnce),
            statistics.ClosedSessionsMessagesCoalesced + sessions.Sum(s => s.MessagesCoalesced));
    }
}
