using Slagboom.Core.Alerts;

namespace Slagboom.Web.Features.Alerts;

/// <summary>What one row of the list needs: the alert (null for the script's template), whom to assign to, and where to go back to after an action.</summary>
public sealed record AlertRowModel(AlertRow? Row, IReadOnlyList<string> Assignees, string Back);
