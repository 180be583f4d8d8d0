namespace Tickwatch.Simulators.ExecGateway;

/// <summary>A close request the gateway has handled, as <c>GET /control/closes</c> shows it: what it was told and how often it filled.</summary>
/// <param name="OrderId">The position's order id.</param>
/// <param name="ClientOrderId">The close's <c>cl_ord_id</c> (<c>{order}-close-{n}</c>).</param>
/// <param name="Account">The account, as the request named it.</param>
/// <param name="Volume">Lots the close asked for.</param>
/// <param name="Executions">EXECUTED reports made for it (each once, however often written or asked again).</param>
/// <param name="Rejections">REJECTED reports made for it.</param>
public sealed record CloseExecutionView(string OrderId, string ClientOrderId, string Account, decimal Volume, int Executions, int Rejections);
