using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch token --user 42</c>: mints a client token for development, signed with the gateway's configured key.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var user = new Option<string>("--user", "-u")
        {
            Description = "The user's id (the token's sub).",
            Required = true,
        };
        var userType = new Option<string>("--user-type")
        {
            Description = "The account type: live, demo, strategy_provider or copy_follower.",
            DefaultValueFactory = _ => "live",
        };
        userType.AcceptOnlyFromAmong([.. ClientClaims.UserTypes]);
        var lifetime = new Option<TimeSpan?>("--lifetime")
        {
            Description = "How long the token is valid, e.g. 01:00:00 (default Jwt:TokenLifetime).",
        };
        var command = new Command("token", "Mint a client token for development (needs the gateway's Jwt:SigningKey, e.g. TICKWATCH_Jwt__SigningKey).")
        {
            configFile,
            user,
            userType,
            lifetime,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => CommandRunner.RunAsync(() =>
        {
            var configuration = CliConfiguration.Build(parse, configFile);
            var jwt = configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
            var errors = JwtOptionsValidator.Errors(jwt);
            if (parse.GetValue(lifetime) is { } requested && requested <= TimeSpan.Zero)
            {
                errors.Add("--lifetime must be positive.");
            }

            if (errors.Count > 0)
            {
                throw new OptionsValidationException("Tickwatch", typeof(JwtOptions), errors);
            }

            Console.WriteLine(AccessTokens.Mint(jwt, parse.GetValue(user)!, parse.GetValue(userType)!, TimeProvider.System.GetUtcNow(), parse.GetValue(lifetime)));
            return Task.FromResult(0);
        }));
        return command;
    }
}
