using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Demo;
using Slagboom.Core.Hosting;
using Slagboom.Web.Features;

namespace Slagboom.Web.Infrastructure;

/// <summary>The web host's services and pipeline, in the order they matter.</summary>
public static class WebServices
{
    public const long MaxRequestBodyBytes = 1024 * 1024;
    private const string SmartScheme = "cookie-or-token";

    public static IServiceCollection AddSlagboomWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(o =>
        {
            // The largest any endpoint allows; RequestBodyLimit narrows it per endpoint.
            o.Limits.MaxRequestBodySize = Slagboom.Core.Attachments.AttachmentStore.MaxBytes + (64 * 1024);
            o.AddServerHeader = false;
        });
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Slagboom.Core.Attachments.AttachmentStore.MaxBytes + (64 * 1024));

        services.AddDataProtection()
            .SetApplicationName("Slagboom")
            .PersistKeysToFileSystem(new DirectoryInfo(KeyRingFolder(services)));

        services.AddIdentity<User, IdentityRole>(CoreServices.ConfigureIdentity)
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<SlagboomClaimsPrincipalFactory>();

        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // Checked on every request: disabling a user or a password reset ends their sessions at once.
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = context =>
            {
                // Keep "signed in with a second factor" when the principal is rebuilt.
                var methods = context.CurrentPrincipal?.FindAll(SlagboomClaims.AuthenticationMethod).ToList() ?? [];
                var identity = context.NewPrincipal?.Identities.FirstOrDefault();
                foreach (var claim in methods)
                {
                    identity?.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "slagboom";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/error/403";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.BearerToken(context.Request) is not null || (context.Request.IsApi() && !context.Request.Cookies.ContainsKey("slagboom"))
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(Policies.Add);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RefusedAccessAudit>();
        services.AddSlagboomRateLimits(configuration);
        Slagboom.Web.Features.Reports.ReporterProtection.AddReporterProtection(services);
        Slagboom.Web.Features.Alerts.FeedRateLimit.AddFeedRateLimit(services);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Slagboom API";
            document.Info.Description = "The HTTP API of Slagboom. Authenticate with `Authorization: Bearer TOKEN` (from `slagboom token create`).";
            return Task.CompletedTask;
        }));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "slagboom-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorPages(o => o.RootDirectory = "/Features");
        services.AddSingleton<Texts>();
        services.AddHostedService<AuditSealing>();
        services.AddHostedService<Slagboom.Core.Retention.RetentionSchedule>();
        services.AddHostedService<Slagboom.Core.Cases.TaskDeadlineSchedule>();
        services.AddHostedService<Slagboom.Core.Imports.ImportWorker>();
        services.AddHostedService<Slagboom.Core.Search.SearchMirrorWarmUp>();
        Features.Events.EventsWebServices.Add(services, configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        return services;
    }

    /// <summary>Migrates, seeds, loads the demo set when asked, and prints the one-time setup link on an empty database.</summary>
    public static async Task PrepareAsync(this WebApplication app, SlagboomSettings settings, StartOptions options)
    {
        if (settings.KeysInDataFolder)
        {
            app.Logger.LogWarning("Keys are kept in {Folder}, inside the data folder. Production keeps keys elsewhere: set SLAGBOOM_KEYS.", settings.KeysFolder);
        }

        // Keys are created on first start, before anything could need them.
        app.Services.GetRequiredService<KeyRing>();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseSetup>().MigrateAndSeedAsync();
        if (options.Demo)
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<DemoDataSet>().LoadAsync();
            if (!loaded.Ok)
            {
                throw new InvalidOperationException(loaded.Error!.Message);
            }

            // Printed once on the console, never logged.
            Console.WriteLine(DemoDataSet.Describe(loaded.Value!));
        }

        var setup = await scope.ServiceProvider.GetRequiredService<OneTimeLinks>().CreateSetupLinkIfEmptyAsync();
        if (setup is not null)
        {
            // Printed once the server listens, with the address it really listens on; never logged.
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var address = app.Urls.FirstOrDefault() ?? StartOptions.DefaultUrl;
                Console.WriteLine($"No account exists yet. Create the first platform admin within one hour at:{Environment.NewLine}  {address.TrimEnd('/')}/setup?token={setup}");
            });
        }
    }

    public static WebApplication UseSlagboomPipeline(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandlingPath = "/error/500",
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseRequestLocalization(o =>
        {
            string[] cultures = ["nl", "en"];
            o.SetDefaultCulture("nl").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            // ?lang=en first: the public reporting pages choose their language without a cookie.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(WebRoot(app.Environment)) });
        app.UseRouting();
        app.UseRequestBodyLimit(MaxRequestBodyBytes);
        app.UseAuthentication();
        // After authentication, so that a limit can count per user (the alert feed's); the others count per address.
        app.UseRateLimiter();
        app.UseSecondFactorEnrolment();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// The folder with our web assets: the content root's wwwroot when there is one (dotnet run, tests), else the one
    /// published beside the program, so that a published server serves its assets from any working directory.
    /// </summary>
    private static string WebRoot(IWebHostEnvironment environment)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(environment.WebRootPath) && File.Exists(Path.Combine(environment.WebRootPath, "css", "site.css")) ? environment.WebRootPath : beside;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.IsApi())
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static string KeyRingFolder(IServiceCollection services)
    {
        var settings = (SlagboomSettings)services.First(s => s.ServiceType == typeof(SlagboomSettings)).ImplementationInstance!;
        return Path.Combine(settings.KeysFolder, "dataprotection");
    }
}
