// What the sandbox remembers about addons and their database backups (see state.ts).
import type { AddonKind } from './state.ts';

export interface AddonState {
  id: string;
  kind: AddonKind;
  providerId: string;
  /** The plan really provisioned (a Sandbox plan asked for becomes the smallest Starter). */
  planId: string;
  resourceId: string;
  password: string;
  provisionedAt: string;
  status: 'provisioning' | 'running' | 'suspended';
  /** Variables provisioning set; deprovisioning removes them. */
  variableNames: string[];
}

/** For the next addon(s) provisioned on an app (set before the app exists, e.g. a review app). */
export interface AddonScenario {
  /** Stays `provisioning` for ever. */
  neverRunning?: boolean;
  /** Ends in this status instead of `running` (the facts know provisioning, running, suspended). */
  status?: 'suspended';
  times?: number;
}

export interface BackupState {
  id: string;
  addonId: string;
  createdAt: string;
  startedAt: string | null;
  name: string;
  size: number;
  status: string;
  /** The `.tar.gz` made when it is done. */
  archive?: string;
}
