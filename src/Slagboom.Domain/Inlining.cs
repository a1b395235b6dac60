using System.Linq.Expressions;

namespace Slagboom.Domain;

/// <summary>Lambdas written into other expressions, as the sharing policy's rules are written into queries.</summary>
public static class Inlining
{
    /// <summary>The body of <paramref name="lambda"/> with its parameters replaced, in order, by <paramref name="arguments"/>.</summary>
    public static Expression Body(LambdaExpression lambda, params Expression[] arguments)
    {
        if (arguments.Length != lambda.Parameters.Count)
        {
            throw new ArgumentException($"The lambda takes {lambda.Parameters.Count} arguments, not {arguments.Length}.", nameof(arguments));
        }

        return new Replace(lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second)).Visit(lambda.Body);
    }

    private sealed class Replace(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => replacements.GetValueOrDefault(node, node);
    }
}
