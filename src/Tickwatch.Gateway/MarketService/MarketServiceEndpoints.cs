using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Hosting;

namespace Tickwatch.Gateway.MarketService;

/// <summary>
/// The market services a gateway may call (<see cref="GatewayOptions.MarketServiceUrls"/>), and the one it calls first:
/// the one that last answered. A call that cannot connect, or is answered 503, goes on to the next in configured order,
/// and the one that answers becomes the first for every call after it (orders, the <c>/market</c> proxy, the probe).
/// </summary>
public sealed class MarketServiceEndpoints
{
    private readonly Uri[] _all;
    private int _preferred;

    public MarketServiceEndpoints(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _all = [.. options.Value.EffectiveMarketServiceUrls.Select(u => new Uri(u.TrimEnd('/') + "/", UriKind.Absolute))];
        if (_all.Length == 0)
        {
            throw new ArgumentException("At least one market service address is needed.", nameof(options));
        }
    }

    /// <summary>Every market service, in configured order.</summary>
    public IReadOnlyList<Uri> All => _all;

    /// <summary>The one called first now.</summary>
    public Uri Preferred => _all[Volatile.Read(ref _preferred)];

    /// <summary>Every market service in the order a call tries them: the preferred one, then the others after it in configured order, round.</summary>
    public Uri[] InCallOrder()
    {
        var first = Volatile.Read(ref _preferred);
        var order = new Uri[_all.Length];
        for (var i = 0; i < _all.Length; i++)
        {
            order[i] = _all[(first + i) % _all.Length];
        }

        return order;
    }

    /// <summary><paramref name="endpoint"/> answered: later calls go to it first.</summary>
    public void Answered(Uri endpoint)
    {
        var index = Array.IndexOf(_all, endpoint);
        if (index >= 0)
        {
            Volatile.Write(ref _preferred, index);
        }
    }
}
