using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tickwatch.Core.Trading;

/// <summary>An account as the reference names it in keys and channels: <c>live:42</c>.</summary>
public readonly record struct AccountId(UserType Type, long Number)
{
    public static AccountId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an account id of the form type:number (e.g. live:42).");

    public static bool TryParse([NotNullWhen(true)] string? text, out AccountId id)
    {
        id = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !TradingWire.TryParseUserType(text.AsSpan(0, colon), out var type)
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            return false;
        }

        id = new AccountId(type, number);
        return true;
    }

    public override string ToString() => TradingWire.Of(Type) + ":" + Number.ToString(CultureInfo.InvariantCulture);
}
