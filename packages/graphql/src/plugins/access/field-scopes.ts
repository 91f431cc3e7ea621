import { getNamedType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Fields that show personal data, by schema coordinate, and the scope each needs: agents' emails, and the
 * names of participants (for a customer, often their phone number (ANI) or address).
 */
export const SENSITIVE_FIELDS: Readonly<Record<string, string>> = {
  'Agent.email': 'pii',
  'Participant.name': 'pii',
  'HistoricalParticipant.name': 'pii',
};

/** The sensitive fields an operation selects (fragments included), with the scope each needs. */
export function sensitiveFieldsOf(schema: GraphQLSchema, document: DocumentNode, sensitive: Readonly<Record<string, string>> = SENSITIVE_FIELDS): Map<string, string> {
  const found = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        const coordinate = `${getNamedType(parent).name}.${node.name.value}`;
        const scope = sensitive[coordinate];
        if (scope) found.set(coordinate, scope);
      },
    }),
  );
  return found;
}
