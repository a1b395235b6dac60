namespace Slagboom.Web.Infrastructure;

/// <summary>The server's own switches, taken out before the rest goes to the ASP.NET Core host.</summary>
public sealed record StartOptions(bool Demo, string[] HostArgs)
{
    public const string DefaultUrl = "http://localhost:5080";

    public static StartOptions Parse(string[] args) =>
        new(args.Contains("--demo"), [.. args.Where(a => a != "--demo")]);
}
