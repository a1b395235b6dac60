using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Slagboom.Core.Attachments;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Attachments;

public static class AttachmentsApi
{
    public static void MapAttachments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/signals/{id}/attachments").WithTags("signals").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/", Add)
            .WithMetadata(new RequestSizeLimitAttribute(AttachmentStore.MaxBytes + 64 * 1024))
            // Bearer clients post files; browsers use the pages, whose forms carry antiforgery tokens and SameSite=Strict cookies.
            .DisableAntiforgery()
            .WithSummary("Attaches a file (multipart field 'file'; PDF, PNG, JPEG, text, CSV, docx, xlsx; at most 10 MB). Owner organisation only.");
        group.MapGet("/", List).WithSummary("The signal's attachments, for callers who receive the signal in clear.");
        group.MapGet("/{attachmentId}", Download).WithSummary("Downloads an attachment (decrypted); the download is logged with the token's purpose.");
        group.MapDelete("/{attachmentId}", Delete).WithSummary("Deletes an attachment (owner organisation only).");
    }

    public static async Task<IResult> Add(string id, IFormFile? file, ClaimsPrincipal user, AttachmentStore attachments, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the file as the multipart form field 'file'."] });
        }

        await using var stream = file.OpenReadStream();
        var added = await attachments.AddAsync(user.ToActor(), id, file.FileName, stream, cancellationToken);
        return added.Ok ? TypedResults.Created($"/api/v1/signals/{id}/attachments/{added.Value!.Id}", added.Value) : added.Error!.ToProblem();
    }

    public static async Task<IResult> List(string id, ClaimsPrincipal user, AttachmentStore attachments, CancellationToken cancellationToken)
    {
        var list = await attachments.ListAsync(user.ToActor(), id, cancellationToken);
        return list.Ok ? TypedResults.Ok(list.Value) : list.Error!.ToProblem();
    }

    public static async Task<IResult> Download(string id, string attachmentId, ClaimsPrincipal user, AttachmentStore attachments, CancellationToken cancellationToken)
    {
        var opened = await attachments.OpenAsync(user.ToActor(), id, attachmentId, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        return opened.Ok
            ? TypedResults.File(opened.Value!.Bytes, opened.Value.Attachment.ContentType, opened.Value.Attachment.FileName)
            : opened.Error!.ToProblem();
    }

    public static async Task<IResult> Delete(string id, string attachmentId, ClaimsPrincipal user, AttachmentStore attachments, CancellationToken cancellationToken)
    {
        var deleted = await attachments.DeleteAsync(user.ToActor(), id, attachmentId, cancellationToken);
        return deleted.Ok ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
