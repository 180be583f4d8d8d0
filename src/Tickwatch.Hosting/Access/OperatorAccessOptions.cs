namespace Tickwatch.Hosting.Access;

/// <summary>Who may call debug and admin routes (section <c>Operator</c>).</summary>
public sealed class OperatorAccessOptions
{
    public const string SectionName = "Operator";

    /// <summary>Shortest operator token accepted: long enough that guessing it over HTTP is hopeless.</summary>
    public const int MinTokenLength = 24;

    /// <summary>The host names of this machine's loopback: the default of <see cref="AllowedHosts"/>.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    /// <summary>
    /// Bearer token required from any caller that is not a trusted loopback caller. Only from the environment
    /// (<c>TICKWATCH_Operator__Token</c>), at least <see cref="MinTokenLength"/> characters; when unset, only loopback callers get in.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Whether a caller on loopback needs no token. True for development and <c>tickwatch up</c>; false behind a reverse
    /// proxy on the same host, where every caller looks local. A request that carries forwarding headers is never trusted.
    /// </summary>
    public bool TrustLoopback { get; set; } = true;

    /// <summary>
    /// The <c>Host</c> names debug and admin routes answer, separated by <c>;</c>, with ASP.NET Core's patterns
    /// (<c>*.example.net</c>, <c>*</c> for any); any other name, as a DNS-rebinding page sends, gets 403.
    /// </summary>
    public string AllowedHosts { get; set; } = LoopbackHosts;

    /// <summary>
    /// Browser origins (<c>https://ops.example.net</c>) allowed to call debug and admin routes, separated by <c>;</c>.
    /// Empty: only the service's own pages (same origin) may; a request with any other <c>Origin</c> gets 403.
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>The entries of a <c>;</c>-separated setting, trimmed, without empty ones.</summary>
    public static string[] Entries(string? setting) =>
        (setting ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
