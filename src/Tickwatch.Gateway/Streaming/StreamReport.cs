namespace Tickwatch.Gateway.Streaming;

/// <summary>The body of <c>GET /api/debug/streams</c>: clients, symbols and what the stream has done.</summary>
/// <param name="Timestamp">The gateway's clock.</param>
/// <param name="ClientsConnected">Clients connected now.</param>
/// <param name="ClientsTotal">Clients connected since start.</param>
/// <param name="ClientsDroppedSlow">Clients disconnected for being too far behind.</param>
/// <param name="ClientsRefused">Connections refused because <c>Gateway:Stream:MaxClients</c> were connected.</param>
/// <param name="SymbolsStreamed">Symbols with at least one subscriber (one store subscription each).</param>
/// <param name="UpdatesReceived">Prices received from the store.</param>
/// <param name="UpdatesNotNewer">Of those, not newer than the price already held (dropped).</param>
/// <param name="PricesSent">Prices sent to clients.</param>
/// <param name="MessagesSent">Messages those prices went in (one per client send: the latest of every symbol that changed).</param>
/// <param name="PricesConflated">Prices replaced by a newer one before a client could be sent them.</param>
/// <param name="StaleAnnouncements">Stale announcements made.</param>
/// <param name="ClosedAnnouncements">Closed announcements made (symbols leaving their trading hours).</param>
/// <param name="BadClientMessages">Client messages that were not a valid command.</param>
/// <param name="SubscribeFailures">Store subscriptions that failed.</param>
/// <param name="ClientsRefusedPerUser">Connections refused because their user had <c>Gateway:Stream:MaxConnectionsPerUser</c> streams open.</param>
/// <param name="ClientsClosedTokenExpired">Clients closed because their token expired.</param>
/// <param name="ClientsClosedCommandRate">Clients disconnected for sending commands over the rate again and again.</param>
/// <param name="ClientsFailed">Clients closed because the gateway failed serving them.</param>
/// <param name="CommandsRefused">Commands refused for coming faster than <c>Gateway:Stream:MaxCommandsPerSecond</c>.</param>
/// <param name="Portfolio">The <c>portfolio</c> channel: its subscribers and what it sent.</param>
/// <param name="Pacing">How messages of prices are spaced: the pacing, its bounds, the load it sees, messages sent at once and coalesced.</param>
/// <param name="Clients">Connected clients, furthest behind first (at most 100).</param>
/// <param name="Symbols">Each streamed symbol.</param>
public sealed record StreamReport(
    DateTimeOffset Timestamp,
    int ClientsConnected,
    long ClientsTotal,
    long ClientsDroppedSlow,
    long ClientsRefused,
    int SymbolsStreamed,
    long UpdatesReceived,
    long UpdatesNotNewer,
    long PricesSent,
    long MessagesSent,
    long PricesConflated,
    long StaleAnnouncements,
    long ClosedAnnouncements,
    long BadClientMessages,
    long SubscribeFailures,
    long ClientsRefusedPerUser,
    long ClientsClosedTokenExpired,
    long ClientsClosedCommandRate,
    long ClientsFailed,
    long CommandsRefused,
    StreamPortfolioReport Portfolio,
    StreamPacingReport Pacing,
    IReadOnlyList<StreamClientView> Clients,
    IReadOnlyDictionary<string, StreamSymbolView> Symbols);
