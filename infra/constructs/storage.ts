import { Aws, Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CASE_TABLE, MAIL_BUCKET, projectionOf, resourceNames, type TableDefinition } from '../../shared/resources/definitions.js';

export interface StorageProps {
  stage: string;
  /** Years that raw mail no case holds is kept at least (province config `defaults.retentionYears`). */
  retentionYears: number;
  table?: TableDefinition;
}

export { AGE_EXPIRING_PREFIX, AGE_EXPIRY_TAG, CASE_MATERIAL_PREFIXES, NONCURRENT_VERSION_DAYS, retentionDays } from '../../shared/resources/definitions.js';
import { AGE_EXPIRING_PREFIX, AGE_EXPIRY_TAG, CASE_MATERIAL_PREFIXES, NONCURRENT_VERSION_DAYS, retentionDays } from '../../shared/resources/definitions.js';

/**
 * The stateful core: the case table and the mail bucket (plus its access-log bucket).
 * Both are RETAINed: deleting the stack must never delete petitions.
 */
export class Storage extends Construct {
  readonly tableKey: Key;
  readonly table: Table;
  readonly mailBucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const definition = props.table ?? CASE_TABLE;
    const names = resourceNames(props.stage);

    this.tableKey = new Key(this, 'TableKey', {
      description: `Encrypts the ${names.table} case table (petitioner personal data)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'CaseTable', {
      tableName: names.table,
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.ttlAttribute,
      // The outbox dispatcher reads committed outbox items from the stream (docs/storage.md "Outbox").
      stream: StreamViewType[definition.stream.view],
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      const projection = projectionOf(index);
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // As the local runtime does: a lean copy (no matter text), or the keys alone, keeps every change cheap.
        ...(projection.type === 'KEYS_ONLY'
          ? { projectionType: ProjectionType.KEYS_ONLY }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: projection.nonKeyAttributes }),
      });
    }

    const keepDays = retentionDays(props.retentionYears);

    this.accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      // Log delivery only writes to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Who read petition mail is audit evidence: kept as long as the mail itself.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(keepDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No AwsSolutions-S1 finding to acknowledge: cdk-nag recognises a server-access-log target bucket.

    for (const prefix of CASE_MATERIAL_PREFIXES) {
      if (!(prefix in MAIL_BUCKET.prefixes)) throw new Error(`mail bucket definition has no prefix ${prefix}`);
    }
    // A case's material (its raw mail, attachments, archived file) is removed with the case by the retention
    // function, never by age: no rule expires it. Only raw mail the intake tagged as held by no case expires by age.
    const lifecycleRules: LifecycleRule[] = [
      {
        id: `expire-raw-held-by-no-case-after-${props.retentionYears}y`,
        prefix: AGE_EXPIRING_PREFIX,
        tagFilters: { [AGE_EXPIRY_TAG.key]: AGE_EXPIRY_TAG.value },
        expiration: Duration.days(keepDays),
      },
      ...CASE_MATERIAL_PREFIXES.map((prefix) => ({
        id: `noncurrent-${prefix.replace(/\/$/, '')}-after-${NONCURRENT_VERSION_DAYS}d`,
        prefix,
        // Versions replaced or deleted (by the retention function, or by mistake) stay recoverable for a quarter.
        noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
      })),
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
    ];

    this.mailBucket = new Bucket(this, 'MailBucket', {
      // Bucket names are global: the stage name alone would collide across accounts and regions.
      bucketName: `${names.bucket}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      // SSE-S3, not a CMK: SES's S3 action writes as a service principal; with a CMK
      // as bucket default every SES write would also need a key-policy grant for SES
      // (and every reader kms:Decrypt). Access is controlled by the bucket policy and IAM.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'mail/',
      lifecycleRules,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Logical id of the table, as cdk-nag names it in findings (`<Id.Arn>`). */
  get tableLogicalId(): string {
    return Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnElement);
  }

  get mailBucketLogicalId(): string {
    return Stack.of(this).getLogicalId(this.mailBucket.node.defaultChild as CfnElement);
  }
}
