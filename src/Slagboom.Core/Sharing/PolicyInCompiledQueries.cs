using System.Linq.Expressions;
using System.Reflection;
using Slagboom.Core.Data;
using Slagboom.Domain;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Sharing;

/// <summary>
/// The sharing policy inside a compiled query (<c>EF.CompileAsyncQuery</c>), whose viewer facts are the compiled
/// query's own parameters. A query template calls these markers; <see cref="Expand{T}"/> replaces each call by the
/// policy's rule (<see cref="SharingPolicy.Visible(Expression, Expression, Expression, Expression, Expression)"/>)
/// over the call's arguments, so the compiled query filters with the very rule every other path uses. The markers
/// themselves never run.
/// </summary>
internal static class PolicyInCompiledQueries
{
    private static readonly MethodInfo VisibleMarker = typeof(PolicyInCompiledQueries).GetMethod(nameof(Visible))!;
    private static readonly MethodInfo ReceivedInClearMarker = typeof(PolicyInCompiledQueries).GetMethod(nameof(ReceivedInClear))!;

    /// <summary>
    /// Marker for <see cref="SharingPolicy.Visible(Viewer)"/> for the viewer of <paramref name="organisation"/>, its
    /// mainports and sharing groups read in the same query (<see cref="Viewers.MainportsOf"/>): a list as a parameter
    /// would make EF write the SQL again on every execution (one parameter per element; 40 KB of garbage per lookup).
    /// </summary>
    public static bool Visible(Signal signal, AppDbContext db, string organisation, bool isPublic) =>
        throw new InvalidOperationException("A policy marker runs only inside a query template expanded by PolicyInCompiledQueries.Expand.");

    /// <summary>Marker for <see cref="SharingPolicy.ReceivedInClear(Viewer)"/> with the viewer's facts as arguments.</summary>
    public static bool ReceivedInClear(Signal signal, string organisation, bool isPublic) =>
        throw new InvalidOperationException("A policy marker runs only inside a query template expanded by PolicyInCompiledQueries.Expand.");

    /// <summary>
    /// The template with every policy marker call replaced by the policy's rule over the call's arguments, and calls of
    /// the template's own <paramref name="markers"/> by what each gives for its (expanded) arguments — itself expanded
    /// again, so that it may call markers.
    /// </summary>
    public static Expression<T> Expand<T>(Expression<T> template, params (MethodInfo Marker, Func<Expression[], Expression> Inline)[] markers)
    {
        var inline = markers.ToDictionary(m => m.Marker, m => m.Inline);
        inline[VisibleMarker] = a => SharingPolicy.Visible(a[0], a[2], Inlining.Body(Viewers.MainportsOf, a[1], a[2]), Inlining.Body(Viewers.GroupsOf, a[1], a[2]), a[3]);
        inline[ReceivedInClearMarker] = a => SharingPolicy.ReceivedInClear(a[0], a[1], a[2]);
        return (Expression<T>)new Expander(inline).Visit(template);
    }

    private sealed class Expander(Dictionary<MethodInfo, Func<Expression[], Expression>> inline) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            inline.TryGetValue(node.Method, out var expand)
                ? Visit(expand([.. node.Arguments.Select(a => Visit(a))]))
                : base.VisitMethodCall(node);
    }
}
