using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Slagboom.Core.Audit;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Writes every access refused by an authorisation policy (a signed-in user whose roles do not allow the endpoint)
/// to the audit trail, then answers as the framework would. Items hidden by the sharing policy are logged by the
/// use cases themselves, which answer 404.
/// </summary>
public sealed class RefusedAccessAudit(IServiceScopeFactory scopes) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            await using var scope = scopes.CreateAsyncScope();
            var user = context.User;
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(new AuditEvent(
                "access.refused",
                $"{context.Request.Method} {Limit(context.Request.Path.Value)}",
                AuditOutcome.Refused,
                user.FindFirstValue(ClaimTypes.NameIdentifier),
                user.FindFirstValue(SlagboomClaims.Organisation),
                user.FindFirstValue(SlagboomClaims.Purpose)), context.RequestAborted);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Limit(string? path) => path is null ? "" : path.Length <= 300 ? path : path[..300];
}
