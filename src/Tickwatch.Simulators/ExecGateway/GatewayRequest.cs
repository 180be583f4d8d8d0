using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>A request the gateway has handled, remembered by <c>cl_ord_id</c> with every report it produced, so a repeat is answered, not executed.</summary>
internal sealed class GatewayRequest(ProviderMessage message)
{
    public ProviderMessage Message { get; } = message;

    public List<ExecutionReport> Reports { get; } = [];
}
