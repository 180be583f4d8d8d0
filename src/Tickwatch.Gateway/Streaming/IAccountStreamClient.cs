namespace Tickwatch.Gateway.Streaming;

/// <summary>A client of one account's portfolio channel, as the <see cref="AccountStream"/> sees it. Neither call may block.</summary>
internal interface IAccountStreamClient
{
    /// <summary>The client's id, for the log.</summary>
    long Id { get; }

    /// <summary>The account's latest portfolio; it replaces one not sent yet.</summary>
    void OfferPortfolio(PortfolioMessage portfolio);

    /// <summary>One order change of the account (a whole message); every one is sent, in the order offered.</summary>
    void OfferOrder(byte[] message);
}
