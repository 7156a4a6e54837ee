/// A PEP 695 type parameter: `T`, `T: bound`, `*Ts`, `**P`, each with a PEP 696 default
/// (`T = int`, Python 3.13).
package struct PythonTypeParameter: Sendable {
  package enum Kind: Sendable, Equatable { case typeVar, typeVarTuple, paramSpec }
  package var name: String
  package var kind: Kind
  /// The bound or constraints tuple (`T: (int, str)`); only for `typeVar`.
  package var bound: PythonExpr?
  package var defaultValue: PythonExpr?
  package var position: Position
}
