using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A link that takes every request and sends none: a process that commits a request and dies before it reaches the wire.</summary>
internal sealed class UnsentProviderLink : IProviderLink
{
    public bool IsConnected => true;

    public int Taken { get; private set; }

    public bool TrySend(ProviderMessage request)
    {
        Taken++;
        return true;
    }
}
