using Microsoft.Playwright;

namespace Tickwatch.EndToEndTests;

/// <summary>Debian's headless chromium, driven by Playwright: one per test class, a fresh laptop-sized page per test.</summary>
/// <remarks>Playwright is given the system's browser by path and never downloads one; <c>scripts/test.sh</c> installs it.</remarks>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Where Debian's <c>chromium</c> package puts its launcher.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where pages are saved as pictures when <c>TICKWATCH_SCREENSHOTS</c> names a folder.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("TICKWATCH_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The end-to-end tests need Debian's chromium at {ExecutablePath}: run scripts/install-deps.sh chromium:chromium (scripts/test.sh does).");
        }

        _playwright = await Playwright.CreateAsync();

        // Chromium refuses to run its sandbox as root (CI runs as root); the pages it opens are the system under test.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A new page, 1366×768 as on an operator's laptop, its console errors collected.</summary>
    public async Task<BrowserPage> OpenAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
