using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Tickwatch.EndToEndTests;

/// <summary>One browser page in its own context, with what its console and the page itself reported as errors.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _errors = new();

    public BrowserPage(IBrowserContext context, IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("page: " + error);
    }

    public IPage Page { get; }

    /// <summary>Script errors, failed loads and policy violations the page reported.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Saves the page as <c>{name}.png</c> when <see cref="ChromiumBrowser.ScreenshotFolder"/> is set; for people, not for assertions.</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (ChromiumBrowser.ScreenshotFolder is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
