import type { DepartmentKind } from '../../domain/department.js';
import type { DepartmentCounts, RoutingModel } from '../../domain/routing-model.js';

/** One staff routing decision on a case from the triage list, as the model learns it. */
export interface RoutingExample {
  /** The decision's id (the staff's assignment command): learning it twice changes nothing. */
  exampleId: string;
  /** The office whose triage list held the case: its model learns. */
  jurisdiction: string;
  department: DepartmentKind;
  /** The petition's distinct content words (exampleWords). */
  words: readonly string[];
  caseNumber: string;
  at: string;
}

/** The learned routing models, stored in the table (shared/adapters/dynamodb/routing-model-store.ts). */
export interface RoutingModels {
  /** The office's model; one that has learned nothing is empty. */
  load(jurisdiction: string): Promise<RoutingModel>;
  /** Adds the example's counts, conditionally on its id not having been learned: false when it was. */
  learn(example: RoutingExample): Promise<boolean>;
  /** One department's counts, read strongly consistent; undefined when it has learned nothing. */
  department(jurisdiction: string, department: DepartmentKind): Promise<DepartmentCounts | undefined>;
  /**
   * Forgets these words (their counts leave the department's word total with
   * them), on condition that the department has learned nothing since it was
   * read at `examples`: answers how many were forgotten, fewer when a decision
   * was learned meanwhile (the next review forgets the rest).
   */
  forget(jurisdiction: string, department: DepartmentKind, words: readonly { word: string; count: number }[], examples: number): Promise<number>;
}
