"""Solve, simplify and print with SymPy."""
import sympy as sp


def main():
    x, y = sp.symbols("x y")
    print(sp.solve(sp.Eq(x**2 - 5 * x + 6, 0), x))
    print(sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2 + (x**2 - 1) / (x - 1)))
    print(sp.integrate(sp.exp(-x) * x, (x, 0, sp.oo)))
    print(sp.latex(sp.diff(sp.atan(x * y), x)))


if __name__ == "__main__":
    main()
