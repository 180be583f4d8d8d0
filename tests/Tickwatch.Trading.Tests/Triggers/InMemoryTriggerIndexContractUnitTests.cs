using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Triggers;

public sealed class InMemoryTriggerIndexContractUnitTests : TriggerIndexContract
{
    protected override ITriggerIndex Index { get; } = new InMemoryTriggerIndex();
}
