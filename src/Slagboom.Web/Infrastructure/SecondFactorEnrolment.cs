namespace Slagboom.Web.Infrastructure;

/// <summary>
/// A user whose role requires two-factor sign-in but who signed in with a password only (because they have not
/// enrolled yet) may do nothing but enrol or sign out: pages redirect to enrolment, the API answers 403.
/// </summary>
public static class SecondFactorEnrolment
{
    public const string EnrolPath = "/account/two-factor";

    private static readonly string[] Allowed = [EnrolPath, "/account/logout", "/error", "/lib", "/css", "/js", "/health", "/taal"];

    public static IApplicationBuilder UseSecondFactorEnrolment(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.LacksRequiredSecondFactor() && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            if (context.Request.IsApi())
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            context.Response.Redirect(EnrolPath);
            return;
        }

        await next();
    });
}
