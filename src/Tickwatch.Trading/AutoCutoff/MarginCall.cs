using System.Globalization;
using MimeKit;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>One margin call to e-mail: the account, its address and the figures the call was made on.</summary>
public sealed record MarginCall(
    AccountId Account,
    string Email,
    decimal Equity,
    decimal UsedMargin,
    decimal MarginLevel,
    decimal CutoffLevel,
    decimal LiquidationLevel,
    string Currency,
    DateTimeOffset At)
{
    /// <summary>The message: what the account stands at, its levels, and what happens at the liquidation level.</summary>
    public MimeMessage ToMessage(string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(Email));
        message.Subject = $"Margin call on account {Account}: margin level {Percent(MarginLevel)}";
        message.Date = At;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
        message.Headers.Add("X-Tickwatch-Account", Account.ToString());
        message.Body = new TextPart("plain")
        {
            Text = string.Create(CultureInfo.InvariantCulture, $"""
                Margin call on account {Account}

                At {At:yyyy-MM-dd HH:mm:ss} UTC the margin level of your account fell to {Percent(MarginLevel)},
                at or below its margin-call level of {Percent(CutoffLevel)}.

                Equity:           {Money(Equity)} {Currency}
                Used margin:      {Money(UsedMargin)} {Currency}
                Margin level:     {Percent(MarginLevel)}
                Margin-call level: {Percent(CutoffLevel)}
                Liquidation level: {Percent(LiquidationLevel)}

                If the margin level falls below {Percent(LiquidationLevel)}, your open positions will be closed
                automatically (stop-out), largest loss first, until the margin level is back above {Percent(LiquidationLevel)}.
                To avoid this, deposit funds or reduce your positions.

                This message is sent at most once every few hours while the margin level stays low.
                """),
        };
        return message;
    }

    private static string Percent(decimal value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
